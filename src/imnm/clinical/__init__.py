"""imnm.clinical"""
