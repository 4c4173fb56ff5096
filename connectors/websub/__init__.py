"""WebSub (W3C Recommendation) subscriber: hubs push new feed content to the connector."""
