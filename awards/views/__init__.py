"""Pages of the honours app: records, campaigns, nominations, the public notices, exports."""
