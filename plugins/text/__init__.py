"""What several first-party steps need to read text: the skill terms and their synonyms (``terms``)."""
