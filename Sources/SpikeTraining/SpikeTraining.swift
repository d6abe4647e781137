// SpikeTraining
