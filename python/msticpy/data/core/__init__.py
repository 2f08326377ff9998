"""msticpy.data.core: capabilities arrive with later issues; nothing is provided yet."""
