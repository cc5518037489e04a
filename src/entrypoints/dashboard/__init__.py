"""`samocode serve`: a local web dashboard over the API (DESIGN §12).

aiohttp serves it (aiogram already brings aiohttp, so the dashboard adds no web server);
pages are Jinja2 templates with autoescaping; what an agent wrote in Markdown is rendered by
markdown-it-py (raw HTML off) and then cleaned by nh3; charts are SVG drawn on the server.
Every script and style is in this package: nothing is fetched from the internet.

Nothing here reads the session folder: sessions come from the API's queries, decisions go
through `Samocode.answer`/`approve`/`send_back`/`stop`, so they follow the gate rule.
"""
