"""imnm.report"""
