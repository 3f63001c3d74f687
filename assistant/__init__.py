"""Policy Assistant: grounded answers over drug-policy documents."""
