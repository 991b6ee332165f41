"""assemble: pandoc's HTML into the frozen Book; imports core, source and pandoc."""
