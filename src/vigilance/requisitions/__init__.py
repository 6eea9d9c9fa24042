"""Requisitions: judicial requests for data sent to partners, approved by a supervisor."""
