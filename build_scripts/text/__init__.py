"""Text helpers with no knowledge of the edition: bytes → text, YAML with positions, segmentation, pinyin."""
