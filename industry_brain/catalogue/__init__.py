"""服务目录 (F2, G2): providers' offerings, enterprises' requests, responses and ratings."""
