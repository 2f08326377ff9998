"""msticpy.analysis: capabilities arrive with later issues; nothing is provided yet."""
