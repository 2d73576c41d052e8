"""`deprecations audit`: the Claude models a code base calls that are going away.

walk (which files) → run (read each once) → scan (ids in the text, via the resolver) →
findings (status on the platform, deadline, replacement) → render (text, JSON, SARIF);
data and remote say where the model data comes from; scraper/commands/audit.py is the
command line.
"""
