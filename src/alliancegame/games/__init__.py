"""Games layer: parameters, normal-form games, extensive-form trees and conversions."""
