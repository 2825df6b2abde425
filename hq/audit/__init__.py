"""HQ's side of the provable audit trail (issue 18, docs/audit.md): the heads each terminal
reports (`heads`), the admin listing (`report`) and the till's look-up route (`api`)."""
