// SpikelineCLI
