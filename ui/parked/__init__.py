"""Hold and void on screen: the parked-sales dialog, the sale screen's hold/void actions,
and the question before the main window closes on a sale or an open shift."""
