"""msticpy.data: capabilities arrive with later issues; nothing is provided yet."""
