"""imnm.knowledge"""
