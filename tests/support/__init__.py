"""What several test modules share: live server and worker processes."""
