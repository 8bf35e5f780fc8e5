"""Commands beside the build: import, suggest-terms, the change report, the offline zip, PDF."""
