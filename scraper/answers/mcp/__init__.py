"""`deprecations mcp`: the answers as tools an agent calls over the Model Context Protocol.

`tools` computes each answer (pure, no SDK); `server` puts them on the protocol with the
official SDK (the `mcp` extra), which only `deprecations mcp` imports.
"""
