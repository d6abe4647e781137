// ChipModel
