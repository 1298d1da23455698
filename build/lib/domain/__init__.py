"""The bottom layer: the vocabulary of the domain (enums), value objects, the DTOs that storage
hands to services, the audit and notice records, and the queue's arithmetic (R6). It imports
nothing of the project, so every layer above may use it (DESIGN.md, "Layers")."""
