"""What the tests share, by role: the test modules import from here, never from one another.

- paths: where the project, its fixtures and a test run's output are;
- profiles: Hypothesis profiles (quick where a contributor runs the tests, thorough in CI);
- projects: throw-away copies of the project, and the commands run in them;
- sites: sites built from such copies (shared between the workers of a run), served over http;
- checks: what CI checks on a built site, read from the project's source/;
- browser: Chromium, the phone and the desktop, and what a reader does on a page;
- search: the query table of tests/fixtures/search_queries.yaml, typed into a site's search box;
- zensical: the site published by Zensical, and its search dialog;
- preview: `make serve` running in a copy of the project;
- printed: the text of an article as the printed editions (PDF, EPUB) must hold it.
"""
