"""Qt adapters of the Qt-free core (D-Bus, …)."""
