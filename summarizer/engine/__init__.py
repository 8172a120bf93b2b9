"""Where requests go: the Engine protocol, its choice, throttling, and the three engines."""
