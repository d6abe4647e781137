// SpikeTesting
