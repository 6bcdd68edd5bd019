"""imnm.literature"""
