"""factcheck: a static fact-check site generator."""
