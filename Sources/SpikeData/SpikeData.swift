// SpikeData
