"""imnm.interop"""
