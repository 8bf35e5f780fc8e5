"""Values → pages: term matching, the apparatus's HTML, rendering through the templates, navigation."""
