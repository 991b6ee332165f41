"""Cross-references: labels on figures, tables, sections and timeline events, and the
references to them (@fig-map, [-@tbl-results], @page-fig-map), in Quarto's syntax."""
