"""Stand-ins for the programs the workflow's scripts call, put first on PATH by the tests."""
