"""The "What happened to you?" diagnostic: pure rules from answers to a category and advice."""
