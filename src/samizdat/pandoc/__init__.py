"""pandoc: the pandoc process, its arguments, its Lua filters, its log; imports core, source."""
