"""The pages of key tasks, one module per group of pages."""
