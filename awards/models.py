"""Award decisions and commendations arrive with their own issue."""
