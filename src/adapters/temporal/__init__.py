"""The Temporal engine: each session a durable workflow, each iteration an activity on the
task queue of the host that holds the session folder (DESIGN §11, TEMPORAL.md).

Only this package and the entrypoints import `temporalio` (an import-linter contract). The
workflow itself (`session_workflow`) imports only the domain and the plain data of `wire`,
`messages` and `ids`, so it runs in Temporal's sandbox; the activities (`activities`) reuse
the application's iteration, journal and gate rule over the session folder, so the folder
stays the readable projection in today's formats and either engine resumes the other's
session. Nothing is imported here: the package costs nothing until the engine is chosen.
"""
