"""Small pieces that several processes need and that do not travel over HTTP."""
