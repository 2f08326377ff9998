"""msticpy.vis: capabilities arrive with later issues; nothing is provided yet."""
