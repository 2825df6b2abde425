"""Pure business rules of the terminal: no Qt, no database, no devices."""
