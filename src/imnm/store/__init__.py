"""imnm.store"""
