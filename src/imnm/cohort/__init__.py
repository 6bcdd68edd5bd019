"""imnm.cohort"""
