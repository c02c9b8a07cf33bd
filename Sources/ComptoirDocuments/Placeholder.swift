public enum DocumentsPlaceholder {}
