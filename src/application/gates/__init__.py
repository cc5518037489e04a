"""The gates: a person's decisions (answers, approval), judged by one rule."""
