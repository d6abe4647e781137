// SpikePlot
