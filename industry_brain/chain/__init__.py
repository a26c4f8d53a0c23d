"""产业链 (industry chains): chain templates and the classifier of enterprises onto their nodes."""
