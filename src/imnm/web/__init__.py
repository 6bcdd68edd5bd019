"""imnm.web"""
