// ContinualLearning
