"""What `samocode watch` and `samocode serve` show of the sessions: rows a person reads at a
glance, built from the API's status views (no file of the session folder is read here).

Light on purpose: `watch` imports it without the web server.
"""
