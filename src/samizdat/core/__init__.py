"""core: the facts every stage shares (model, metadata, diagnostics); imports only core."""
