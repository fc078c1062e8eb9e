"""The pure core: YAML predicates compiled to callables, statuses decided, waivers applied."""
